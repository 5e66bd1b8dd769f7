from langchain_core.runnables import RunnableLambda

from assistant.retrieval.langchain_retriever import NoticeRetriever


def test_retriever_returns_cited_documents_and_composes_in_a_chain(seed_engine_fake):
    retriever = NoticeRetriever(engine=seed_engine_fake, k=3)
    docs = retriever.invoke("Văn phòng Tỉnh ủy tổng hợp ý kiến góp ý")
    assert len(docs) == 3
    assert docs[0].metadata["number"] == "1097-KL/TU"
    assert "Văn phòng Tỉnh ủy" in docs[0].page_content

    chain = retriever | RunnableLambda(lambda found: [d.metadata["doc_id"] for d in found])
    assert chain.invoke("tăng trưởng kinh tế")
